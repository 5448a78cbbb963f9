import 'reflect-metadata';
import { runService } from '@lcm/neuro-core/hosting';
import { labManagerService } from './service';

void runService(labManagerService);
